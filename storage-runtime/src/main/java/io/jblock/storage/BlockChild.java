package io.jblock.storage;

/**
 * An edge of the block graph.
 *
 * @param role the child's role: {@code file}, {@code backing} or {@code data-file}
 * @param node the child node
 */
public record BlockChild(String role, BlockNode node) {
}
