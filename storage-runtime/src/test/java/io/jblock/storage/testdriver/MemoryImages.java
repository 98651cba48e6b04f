package io.jblock.storage.testdriver;

import java.util.concurrent.ConcurrentHashMap;

/** The named {@link MemoryImage}s the {@code testmem} protocol opens. */
public final class MemoryImages {

    private static final ConcurrentHashMap<String, MemoryImage> IMAGES = new ConcurrentHashMap<>();

    private MemoryImages() {
    }

    /** Creates (or replaces) an all-zero image. */
    public static MemoryImage create(String name, long size) {
        MemoryImage image = new MemoryImage(size);
        MemoryImage old = IMAGES.put(name, image);
        if (old != null) {
            old.free();
        }
        return image;
    }

    /** The image, or null. */
    public static MemoryImage get(String name) {
        return IMAGES.get(name);
    }

    /** Frees an image. */
    public static void delete(String name) {
        MemoryImage old = IMAGES.remove(name);
        if (old != null) {
            old.free();
        }
    }
}
