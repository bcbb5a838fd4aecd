package io.hactl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigLoader#controller(Path)}: the controller's address alone, for the reads that ask the running controller
 * (hactl status, proposals): read from the same file the same way, and refused with the whole file's problems, as
 * {@link ConfigLoader#load(Path)} refuses it, when what it reads is wrong.
 */
class ControllerAddressTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void theControllersAddressIsReadWithoutTheRestOfTheFile() throws IOException {
        Path file = fixture.write(fixture.compactYaml(ConfigFixture.TOMCAT) + "controller: {listen: 0.0.0.0:9000}\n");
        ControllerConfig full = ConfigLoader.load(file).controller();
        assertThat(ConfigLoader.controller(file).listenAddress()).isEqualTo(full.listenAddress());
        assertThat(ConfigLoader.controller(file).port()).isEqualTo(full.port());
        assertThat(ConfigLoader.controller(file).listenAddress()).isEqualTo("0.0.0.0");
        assertThat(ConfigLoader.controller(file).port()).isEqualTo(9000);
    }

    @Test
    void aMistakeOutsideTheControllerSectionDoesNotStopTheAddressBeingRead() throws IOException {
        Path file = fixture.write(fixture.compactYaml(ConfigFixture.TOMCAT).replace("198.51.100.12", "198.51.100.300")
                + "controller:\n  listen: 127.0.0.1:9001\n");
        assertThat(ConfigLoader.check(file)).as("the full load refuses it").isNotEmpty();
        assertThat(ConfigLoader.controller(file).port()).isEqualTo(9001);
    }

    @Test
    void withoutTheControllerSectionTheDefaultAddressApplies() throws IOException {
        Path file = fixture.write(fixture.compactYaml(ConfigFixture.TOMCAT));
        assertThat(ConfigLoader.controller(file)).isEqualTo(ControllerConfig.defaults());
        assertThat(ConfigLoader.controller(fixture.write(fixture.compactYaml(ConfigFixture.TOMCAT) + "controller:\n")))
                .isEqualTo(ControllerConfig.defaults());
    }

    @Test
    void aWrongListenIsRefusedWithEveryProblemTheFullLoadFinds() throws IOException {
        for (String listen : new String[] {"listen: 127.0.0.1", "listen: localhost:8642", "listen: 127.0.0.1:99999",
                "listen: [127.0.0.1:8642]", "listen:", "listen: {a: 1}"}) {
            Path file = fixture.write(fixture.compactYaml(ConfigFixture.TOMCAT).replace("198.51.100.12", "198.51.100.300")
                    + "controller:\n  " + listen + "\n");
            ConfigException e = catchThrowableOfType(() -> ConfigLoader.controller(file), ConfigException.class);
            assertThat(e).as(listen).isNotNull();
            assertThat(e.problems()).as(listen).isEqualTo(catchThrowableOfType(() -> ConfigLoader.load(file),
                    ConfigException.class).problems()).anyMatch(p -> p.key().startsWith("nodes[1]"));
        }
    }

    @Test
    void aFileThatCannotBeReadIsRefusedAsTheFullLoadRefusesIt() throws IOException {
        Path missing = dir.resolve("absent.yml");
        Path broken = fixture.file("broken.yml", "controller:\n  listen: 127.0.0.1:8642\n listen: x\n", "rw-------");
        Path twice = fixture.write(fixture.compactYaml(ConfigFixture.TOMCAT) + "controller: {listen: 127.0.0.1:1}\n"
                + "cluster: again\n");
        for (Path file : new Path[] {missing, broken}) {
            assertThat(catchThrowableOfType(() -> ConfigLoader.controller(file), ConfigException.class).problems())
                    .as(file.toString())
                    .isEqualTo(catchThrowableOfType(() -> ConfigLoader.load(file), ConfigException.class).problems());
        }
        assertThat(catchThrowableOfType(() -> ConfigLoader.controller(twice), ConfigException.class).problems())
                .anyMatch(p -> p.message().contains("given twice"));
    }
}
