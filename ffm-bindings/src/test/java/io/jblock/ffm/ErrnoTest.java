package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoTest {

    @Test
    void everyConstantEqualsLibcsValueAndHasItsName() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Field f : Errno.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            String name = f.getName();
            int value = f.getInt(null);
            String libcName = switch (name) {
                case "ENOTSUP" -> "EOPNOTSUPP";
                case "EWOULDBLOCK" -> "EAGAIN";
                default -> name;
            };
            int libc = (int) Libc.class.getMethod(libcName).invoke(null);
            if (libc != value) {
                wrong.add(name + "=" + value + " but Libc." + libcName + "()=" + libc);
            }
            if (!Errno.name(value).equals(libcName)) {
                wrong.add("name(" + value + ")=" + Errno.name(value) + ", expected " + libcName);
            }
            checked++;
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked >= 22, "only " + checked + " constants checked");
    }

    @Test
    void namesAndTexts() {
        assertEquals("EINVAL", Errno.name(Errno.EINVAL));
        assertEquals("Invalid argument", Errno.strerror(Errno.EINVAL));
        assertEquals("No space left on device", Errno.strerror(Errno.ENOSPC));
        assertEquals("errno 9999", Errno.name(9999));
        assertTrue(Errno.strerror(9999).contains("9999"), Errno.strerror(9999));
    }
}
