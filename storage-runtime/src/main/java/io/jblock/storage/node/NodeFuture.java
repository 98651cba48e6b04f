package io.jblock.storage.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The future of an asynchronous request of a node, and of every stage derived from it.
 *
 * <p>Deadlock detection: {@link #get()}, {@link #get(long, TimeUnit)} and {@link #join()} of a
 * future that is not complete yet throw {@link IllegalStateException} on a thread that must not
 * wait for the graph's requests ({@link RequestThreads#mustNotWaitFor}) instead of hanging it.
 * Derived stages ({@link #newIncompleteFuture()}) inherit the check.
 *
 * <p>A request's own future completes only when the request does, since until then the kernel
 * or a worker may still use the request's buffer: {@code cancel} returns false, the methods that
 * complete it from outside throw UnsupportedOperationException, and the timeouts apply to a
 * dependent copy. Derived stages are ordinary futures in that respect.
 */
final class NodeFuture<T> extends CompletableFuture<T> {

    private final Object graph;
    private final boolean request;

    NodeFuture(Object graph, boolean request) {
        this.graph = graph;
        this.request = request;
    }

    /** Completes a request's future (the node's side). */
    void finish(T value) {
        super.complete(value);
    }

    /** Fails a request's future (the node's side). */
    void finishExceptionally(Throwable t) {
        super.completeExceptionally(t);
    }

    private void checkMayWait(String method) {
        if (!isDone() && RequestThreads.mustNotWaitFor(graph)) {
            throw new IllegalStateException(RequestThreads.why(method + "() of a request that has not completed"));
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkMayWait("get");
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkMayWait("get");
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        checkMayWait("join");
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new NodeFuture<>(graph, false);
    }

    private UnsupportedOperationException external(String method) {
        return new UnsupportedOperationException(method + "() on the future of a block request: it completes when "
                + "the request does, since until then the request's buffer may still be in use");
    }

    @Override
    public boolean complete(T value) {
        if (request) {
            throw external("complete");
        }
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        if (request) {
            throw external("completeExceptionally");
        }
        return super.completeExceptionally(ex);
    }

    /** A request cannot be taken back once it was accepted: returns false for a request's future. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return !request && super.cancel(mayInterruptIfRunning);
    }

    @Override
    public void obtrudeValue(T value) {
        if (request) {
            throw external("obtrudeValue");
        }
        super.obtrudeValue(value);
    }

    @Override
    public void obtrudeException(Throwable ex) {
        if (request) {
            throw external("obtrudeException");
        }
        super.obtrudeException(ex);
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        if (request) {
            throw external("completeAsync");
        }
        return super.completeAsync(supplier, executor);
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        if (request) {
            throw external("completeAsync");
        }
        return super.completeAsync(supplier);
    }

    /** For a request's future: a dependent copy that times out; the request runs on. */
    @Override
    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
        return request ? dependentCopy().orTimeout(timeout, unit) : super.orTimeout(timeout, unit);
    }

    /** For a request's future: a dependent copy completed with {@code value} on timeout; the request runs on. */
    @Override
    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        return request ? dependentCopy().completeOnTimeout(value, timeout, unit)
                : super.completeOnTimeout(value, timeout, unit);
    }

    private CompletableFuture<T> dependentCopy() {
        NodeFuture<T> d = new NodeFuture<>(graph, false);
        whenComplete((v, e) -> {
            if (e == null) {
                d.complete(v);
            } else {
                d.completeExceptionally(e);
            }
        });
        return d;
    }

    @Override
    public String toString() {
        return (request ? "block request " : "") + super.toString();
    }
}
