package io.jblock.qcow2;

import io.jblock.storage.spi.NodeOptions;
import java.util.Optional;
import java.util.Set;

/** Node options with nothing set: every read returns the default (used when create opens the new image). */
final class NoOptions implements NodeOptions {
    @Override
    public Optional<String> string(String key) {
        return Optional.empty();
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return defaultValue;
    }

    @Override
    public long size(String key, long defaultValue) {
        return defaultValue;
    }

    @Override
    public long number(String key, long defaultValue) {
        return defaultValue;
    }

    @Override
    public boolean has(String key) {
        return false;
    }

    @Override
    public Set<String> unusedKeys() {
        return Set.of();
    }
}
