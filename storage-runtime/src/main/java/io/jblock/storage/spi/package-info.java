/**
 * The service-provider interface for block drivers: a
 * {@link io.jblock.storage.spi.BlockDriverFactory} (found with {@link java.util.ServiceLoader},
 * declared with {@code provides} in {@code module-info} and in {@code META-INF/services}) opens
 * {@link io.jblock.storage.spi.BlockDriver}s from an {@link io.jblock.storage.spi.OpenContext} and
 * creates images from a {@link io.jblock.storage.spi.CreateContext}.
 *
 * <p>A driver never sees a request the generic layer has not checked: inside the node, aligned
 * to the driver's {@link io.jblock.storage.BlockLimits}, on a native buffer, and only while the
 * node is open (writes: active and writable). It reports failures as
 * {@link io.jblock.storage.BlockIOException}s (or any {@link java.io.IOException}, which the
 * generic layer wraps to name the node) and option mistakes as
 * {@link java.lang.IllegalArgumentException}s, which become
 * {@link io.jblock.storage.InvalidOptionException}s naming the node. Drivers must accept
 * concurrent requests. Application code does not need this package.
 */
package io.jblock.storage.spi;
