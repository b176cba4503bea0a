package io.zcbench.harness.path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectIoBlocksTest {
    @Test
    void aShortReadInsideTheFileKeepsOnlyWholeBlocksSoTheNextReadStartsAligned() {
        assertEquals(65536, DirectIoPath.wholeBlocks(65536, 0, 1 << 20, 4096), "a full chunk");
        assertEquals(8192, DirectIoPath.wholeBlocks(10000, 0, 1 << 20, 4096), "short: two whole blocks, the rest read again");
        assertEquals(0, DirectIoPath.wholeBlocks(100, 4096, 1 << 20, 4096), "less than a block: read again from the same offset");
        assertEquals(1234, DirectIoPath.wholeBlocks(1234, (1 << 20) - 1234, 1 << 20, 4096), "the file's tail, whatever its size");
    }
}
