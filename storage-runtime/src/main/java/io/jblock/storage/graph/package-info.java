/**
 * Building graphs (not exported): the driver registry (ServiceLoader), the opener that resolves
 * drivers (explicit, protocol prefix, or format probing), node names and inherited settings,
 * and the contexts drivers open children and create images through.
 */
package io.jblock.storage.graph;
