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

    /**
     * The lines the scanner skips (a dump's INSERTs, a megabyte each) are searched for their end eight bytes at a
     * time (over 1.2 GB ~0.25 s of CPU against ~0.4 s byte by byte, in the thread that also compresses); every
     * newline at every offset and alignment is still found, the first one first.
     */
    @Test
    void theNextNewline_isFoundEightBytesAtATime_atEveryOffsetAndAlignment_theFirstOneFirst() {
        java.util.Random r = new java.util.Random(18);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[1 + r.nextInt(70)];
            for (int i = 0; i < b.length; i++) {
                int k = r.nextInt(10);
                b[i] = (byte) (k == 0 ? '\n' : k == 1 ? 0 : k == 2 ? (byte) 0x8A : k == 3 ? 0x0B : 'a' + r.nextInt(26));
            }
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    int expected = -1;
                    for (int i = from; i < to; i++) {
                        if (b[i] == '\n') {
                            expected = i;
                            break;
                        }
                    }
                    assertThat(DumpScanner.indexOfNewline(b, from, to)).as("from %d to %d", from, to)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void commentLinesAfterLongSkippedLines_areReadAtEveryAlignmentAndChunking() {
        for (int pad = 0; pad < 17; pad++) {
            String filler = "INSERT INTO `t` VALUES " + "(1,'x'),".repeat(40 + pad) + "(2,'y');\n";
            String dump = "-- Host: h    Database: shop\n" + filler + "--\n-- Table structure for table `a`\n--\n"
                    + filler + filler + "-- Table structure for table `b`\n" + filler + "-- Dump completed on x\n";
            byte[] b = dump.getBytes(StandardCharsets.UTF_8);
            for (int chunk : new int[] {1, 3, 7, 8, 9, 64, b.length}) {
                DumpScanner s = new DumpScanner();
                for (int i = 0; i < b.length; i += chunk) {
                    s.accept(b, i, Math.min(chunk, b.length - i));
                }
                assertThat(s.tablesStarted()).as("pad %d chunk %d", pad, chunk).isEqualTo(2);
                assertThat(s.currentTable()).isEqualTo("b");
                assertThat(s.database()).isEqualTo("shop");
                assertThat(s.completed()).isTrue();
                assertThat(s.bytes()).isEqualTo(b.length);
            }
        }
    }
}
