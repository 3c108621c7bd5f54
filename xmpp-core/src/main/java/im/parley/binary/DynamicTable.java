package im.parley.binary;

import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-direction, per-connection table of whole strings (docs/binary-encoding.md, "Dynamic table"): FIFO, index 0 is the
 * newest entry, an entry's size is its UTF-8 length. After each insert the oldest entries are evicted while there are
 * more than {@code maxEntries} or more than {@code maxBytes} in all, so an entry larger than {@code maxBytes} empties
 * the table and is not kept. The encoder and the decoder of one direction both run this class, which is what keeps
 * their tables identical.
 *
 * <p>Each entry carries the origin of the stanza that inserted it. Only the encoder uses it, to reference an entry only
 * from stanzas of the same origin (rule 3); the decoder stores {@code null}.
 */
final class DynamicTable {
    private final int maxEntries;
    private final int maxBytes;
    private String[] values;
    private String[] origins;
    private int[] sizes;
    private int oldest;
    private int count;
    private int bytes;

    DynamicTable(int maxEntries, int maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        int capacity = Math.max(1, Math.min(maxEntries, 16));
        this.values = new String[capacity];
        this.origins = new String[capacity];
        this.sizes = new int[capacity];
    }

    /** Whether an entry of {@code size} bytes would survive its own insert. */
    boolean keeps(int size) {
        return maxEntries > 0 && size <= maxBytes;
    }

    void insert(String value, String origin) {
        int size = ByteBufUtil.utf8Bytes(value);
        if (!keeps(size)) {
            clear(); // evicting until the new entry fits leaves nothing, and the new entry goes too
            return;
        }
        if (count == values.length) {
            grow();
        }
        int slot = (oldest + count) % values.length;
        values[slot] = value;
        origins[slot] = origin;
        sizes[slot] = size;
        count++;
        bytes += size;
        while (count > maxEntries || bytes > maxBytes) {
            evictOldest();
        }
    }

    /** The entry {@code index} places back from the newest (0 = newest); null when there is none. */
    String get(long index) {
        if (index < 0 || index >= count) {
            return null;
        }
        return values[slot(index)];
    }

    /** The index (0 = newest) of the newest entry equal to {@code value} that {@code origin} inserted; -1 if none. */
    int find(String value, String origin) {
        for (int index = 0; index < count; index++) {
            int slot = slot(index);
            if (origin.equals(origins[slot]) && values[slot].equals(value)) {
                return index;
            }
        }
        return -1;
    }

    int size() {
        return count;
    }

    int bytes() {
        return bytes;
    }

    /** The entries, newest first; for tests. */
    List<String> entries() {
        List<String> entries = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            entries.add(values[slot(index)]);
        }
        return entries;
    }

    private int slot(long index) {
        return (int) ((oldest + count - 1 - index) % values.length);
    }

    private void evictOldest() {
        bytes -= sizes[oldest];
        values[oldest] = null;
        origins[oldest] = null;
        oldest = (oldest + 1) % values.length;
        count--;
    }

    private void clear() {
        while (count > 0) {
            evictOldest();
        }
    }

    private void grow() {
        int capacity = values.length * 2;
        String[] newValues = new String[capacity];
        String[] newOrigins = new String[capacity];
        int[] newSizes = new int[capacity];
        for (int i = 0; i < count; i++) {
            int slot = (oldest + i) % values.length;
            newValues[i] = values[slot];
            newOrigins[i] = origins[slot];
            newSizes[i] = sizes[slot];
        }
        values = newValues;
        origins = newOrigins;
        sizes = newSizes;
        oldest = 0;
    }
}
