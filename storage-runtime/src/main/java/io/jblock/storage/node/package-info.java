/**
 * The generic layer of a node (not exported): {@link io.jblock.storage.node.DriverNode} wraps a
 * driver with state and range checks, padding and bouncing to the driver's limits, serialised
 * read-modify-write, FUA and no-flush handling, the asynchronous path (aligned requests to the
 * driver's asynchronous forms, everything else to the bounded {@code aio=threads} engine, with
 * deadlock detection for threads that complete requests) and the graph's activation order. Everything a graph's nodes share lives in
 * {@link io.jblock.storage.node.GraphResources}.
 */
package io.jblock.storage.node;
