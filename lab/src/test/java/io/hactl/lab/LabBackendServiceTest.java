package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabBackendServiceTest {

    @Test
    void answersRootAndLogsEachRequest(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("backend.log");
        LabBackendService s = LabBackendService.start("n2", 0, log);
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + s.port() + "/").openConnection(Proxy.NO_PROXY);
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("backend n2 ok\n");
            HttpURLConnection missing = (HttpURLConnection) new URL("http://127.0.0.1:" + s.port() + "/x").openConnection(Proxy.NO_PROXY);
            assertThat(missing.getResponseCode()).isEqualTo(404);
        } finally {
            s.stop();
        }
        String text = Files.readString(log);
        assertThat(text).contains("backend n2: start node=n2 port=" + s.port(), "request GET / from 127.0.0.1 status 200",
                "request GET /x from 127.0.0.1 status 404", "stop node=n2");
    }
}
