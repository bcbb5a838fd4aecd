package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumpScannerTest {

    static final String DUMP = """
            /*M!999999\\- enable the sandbox mode */\s
            -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
            --
            -- Host: 198.51.100.12    Database: hactl_demo
            -- ------------------------------------------------------
            -- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
            -- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000001', MASTER_LOG_POS=778495027;

            --
            -- Table structure for table `demo_writes`
            --

            DROP TABLE IF EXISTS `demo_writes`;
            CREATE TABLE `demo_writes` (`id` bigint) ENGINE=InnoDB;
            --
            -- Dumping data for table `demo_writes`
            --
            INSERT INTO `demo_writes` VALUES (1),(2),(3),('-- Dump completed in a string');
            --
            -- Table structure for table `odd``name`
            --
            -- SET GLOBAL gtid_slave_pos='0-2-2348214';
            /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

            -- Dump completed on 2026-11-25 16:31:07
            """;

    @Test
    void readsHeaderPositionTablesAndCompletionInAnyChunking() {
        byte[] b = DUMP.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 3, 7, 64, b.length}) {
            DumpScanner s = new DumpScanner();
            for (int i = 0; i < b.length; i += chunk) {
                s.accept(b, i, Math.min(chunk, b.length - i));
            }
            assertThat(s.database()).isEqualTo("hactl_demo");
            assertThat(s.binlogFile()).isEqualTo("binlog.000001");
            assertThat(s.binlogPosition()).isEqualTo(778495027L);
            assertThat(s.gtid()).isEqualTo("0-2-2348214");
            assertThat(s.tablesStarted()).isEqualTo(2);
            assertThat(s.currentTable()).isEqualTo("odd`name");
            assertThat(s.completed()).as("chunk %d", chunk).isTrue();
            assertThat(s.bytes()).isEqualTo(b.length);
        }
    }

    @Test
    void aTruncatedDumpIsNotComplete() {
        String cut = DUMP.substring(0, DUMP.indexOf("-- Dump completed on"));
        DumpScanner s = new DumpScanner();
        s.accept(cut.getBytes(StandardCharsets.UTF_8), 0, cut.length());
        assertThat(s.completed()).isFalse();
        String more = DUMP + "INSERT INTO t VALUES (1);\n";
        DumpScanner t = new DumpScanner();
        t.accept(more.getBytes(StandardCharsets.UTF_8), 0, more.length());
        assertThat(t.completed()).isFalse();
    }

    @Test
    void longLinesDoNotGrowMemoryAndMySqlGtidIsRead() {
        String mysql = "-- MySQL dump 10.13\n-- Host: db    Database: shop\n" + "x".repeat(3_000_000) + "\n"
                + "SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';\n"
                + "-- " + "y".repeat(10_000) + "\n-- Dump completed on 2024-01-01\n";
        DumpScanner s = new DumpScanner();
        byte[] b = mysql.getBytes(StandardCharsets.UTF_8);
        s.accept(b, 0, b.length);
        assertThat(s.database()).isEqualTo("shop");
        assertThat(s.completed()).isTrue();
        assertThat(s.gtid()).isNull();      // GTID_PURGED is not in a comment line: MySQL dumps are read as they come
    }
}
