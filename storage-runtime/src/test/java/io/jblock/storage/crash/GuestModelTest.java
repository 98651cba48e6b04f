package io.jblock.storage.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.crash.GuestModel.Op;
import io.jblock.storage.crash.GuestModel.Type;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shadow model's rules, on one unit with hand-made log positions. */
class GuestModelTest {
    private static final int U = GuestModel.UNIT;

    private final GuestModel m = new GuestModel(7, new byte[4 * U], 4 * U, null, false);

    private byte[] disk(byte[] unit0) {
        byte[] d = new byte[4 * U];
        System.arraycopy(unit0, 0, d, 0, U);
        return d;
    }

    private boolean ok(long prefix, byte[] unit0) {
        return m.at(prefix).check(disk(unit0), 4 * U, 1).isEmpty();
    }

    private void op(Type t, boolean stable, long start, long end) {
        m.record(new Op(m.nextSeq(), t, 0, t == Type.FLUSH ? 0 : U, stable, start, end, ""));
    }

    @Test
    void aUnitHoldsItsLastDurableVersionOrAnyStartedAfterIt() {
        op(Type.WRITE, false, 0, 2);  // 0: A
        op(Type.FLUSH, false, 2, 4);  // 1
        op(Type.WRITE, false, 4, 6);  // 2: B
        op(Type.WRITE, false, 6, 8);  // 3: C
        op(Type.FLUSH, false, 8, 10); // 4
        byte[] zero = new byte[U];
        byte[] a = m.pattern(0, 0);
        byte[] b = m.pattern(2, 0);
        byte[] c = m.pattern(3, 0);
        // before the first flush completed: the base (zeroes), or A once it was issued
        assertTrue(ok(0, zero));
        assertTrue(ok(1, a) && ok(1, zero));
        // the flush completed: A and nothing older
        assertTrue(ok(4, a));
        assertTrue(!ok(4, zero) && !ok(4, b), "zeroes or B after A was flushed and before B was issued");
        // B issued: A or B, not C (not issued yet)
        assertTrue(ok(5, a) && ok(5, b) && !ok(5, c));
        assertTrue(ok(7, a) && ok(7, b) && ok(7, c));
        // second flush: only C
        assertTrue(ok(10, c) && !ok(10, b) && !ok(10, a));
        // a stable (FUA) write is durable when acknowledged, without a flush
        op(Type.WRITE, true, 10, 12); // 5: D
        byte[] d = m.pattern(5, 0);
        assertTrue(ok(11, c) && ok(11, d));
        assertTrue(ok(12, d) && !ok(12, c));
        // data of the right request for another unit is wrong too
        assertTrue(!ok(12, m.pattern(5, 1)));
        List<String> problems = m.at(12).check(disk(m.pattern(5, 1)), 4 * U, 3);
        assertTrue(problems.get(0).contains("(MISPLACED)"), problems.toString());
    }

    @Test
    void aDiscardReadsAsZeroesOrAsWhatItMayHaveReplaced() {
        op(Type.WRITE, true, 0, 2);               // 0: A, acknowledged
        op(Type.WRITE, false, 2, Long.MAX_VALUE); // 1: B, never acknowledged (the writer was killed)
        op(Type.DISCARD, true, 4, 6);             // 2
        assertTrue(ok(6, new byte[U]));
        assertTrue(ok(6, m.pattern(1, 0)), "B may have happened before the discard kept it");
        assertTrue(ok(6, m.pattern(0, 0)), "B may not have happened: the discard found A");
        op(Type.WRITE, true, 6, 8);               // 3: C
        op(Type.DISCARD, true, 8, 10);            // 4: finds C for sure
        assertTrue(ok(10, m.pattern(3, 0)) && ok(10, new byte[U]));
        assertTrue(!ok(10, m.pattern(0, 0)) && !ok(10, m.pattern(1, 0)), "older than what the discard replaced");
    }

    @Test
    void theSizeIsTheLastDurableOneOrAnyStartedAfterIt() {
        m.record(new Op(0, Type.TRUNCATE, 8 * U, 0, false, 0, 2, ""));
        m.record(new Op(1, Type.FLUSH, 0, 0, false, 2, 4, ""));
        m.record(new Op(2, Type.TRUNCATE, 16 * U, 0, false, 4, 6, ""));
        assertEquals(Set.of(4L * U, 8L * U), m.at(1).allowedSizes());
        assertEquals(Set.of(8L * U), m.at(4).allowedSizes());
        assertEquals(Set.of(8L * U, 16L * U), m.at(5).allowedSizes());
        assertEquals(Set.of(16L * U), m.afterCleanClose().allowedSizes());
    }
}
