package io.jblock.storage.feature;

import java.io.IOException;

/**
 * A feature interface that exists only in the tests (the test driver {@code testpass} implements
 * it), to check how a node hands out a feature it has no dedicated adaptor for.
 */
public interface EchoFeature {

    /** Returns {@code text}; the test driver fails with an IOException for "fail". */
    String echo(String text) throws IOException;
}
