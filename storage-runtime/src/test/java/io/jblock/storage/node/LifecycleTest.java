package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.NodeState;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.Preallocation;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImages;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Activation, inactivation and close across a graph, observed by the recording test drivers. */
class LifecycleTest {

    private static final String GRAPH = "driver=testpass,node-name=top,file.driver=testmem,file.node-name=proto,"
            + "file.filename=life";
    private static final OpenOptions INACTIVE = OpenOptions.defaults().inactive();

    @BeforeEach
    void image() {
        MemoryImages.create("life", 1 << 20);
        DriverEvents.clear();
    }

    @AfterEach
    void free() {
        MemoryImages.delete("life");
        assertEquals(List.of(), DriverEvents.violations());
    }

    private static List<String> eventsAfter(int from) {
        List<String> all = DriverEvents.events();
        return all.subList(from, all.size());
    }

    @Test
    void openingReadWriteTakesWritePermissionBottomUp() throws IOException {
        try (BlockNode top = BlockGraph.open(GRAPH)) {
            assertEquals(List.of("proto:open", "proto:write-permission=true", "top:open",
                    "top:write-permission=true"), DriverEvents.events());
            assertEquals(NodeState.ACTIVE, top.state());
        }
    }

    @Test
    void openingInactiveTakesNoPermissionReadOnlyTakesTheReaders() throws IOException {
        try (BlockNode top = BlockGraph.open(GRAPH, OpenOptions.READ_ONLY)) {
            assertEquals(List.of("proto:open", "proto:write-permission=true", "top:open",
                    "top:write-permission=true"), DriverEvents.events());
            assertEquals(NodeState.ACTIVE, top.state());
        }
        DriverEvents.clear();
        try (BlockNode top = BlockGraph.open(GRAPH, INACTIVE)) {
            assertEquals(List.of("proto:open", "top:open"), DriverEvents.events());
            assertEquals(NodeState.INACTIVE, top.state());
        }
    }

    @Test
    void activateGoesBottomUpInvalidatingThenTakingPermission() throws IOException {
        try (BlockNode top = BlockGraph.open(GRAPH, INACTIVE)) {
            int mark = DriverEvents.events().size();
            top.activate();
            assertEquals(List.of("proto:invalidate", "proto:write-permission=true",
                    "top:invalidate", "top:write-permission=true"), eventsAfter(mark));
            assertEquals(NodeState.ACTIVE, top.state());
            assertEquals(NodeState.ACTIVE, top.child("file").state());
            mark = DriverEvents.events().size();
            top.activate(); // already active: nothing happens
            assertEquals(List.of(), eventsAfter(mark));
        }
    }

    @Test
    void readOnlyGraphsTakeAndDropTheirPermissionsToo() throws IOException {
        // read-only nodes hold the reader's lock while active and nothing while inactive
        try (BlockNode top = BlockGraph.open(GRAPH, OpenOptions.defaults().readOnly().inactive())) {
            int mark = DriverEvents.events().size();
            top.activate();
            assertEquals(List.of("proto:invalidate", "proto:write-permission=true", "top:invalidate",
                    "top:write-permission=true"), eventsAfter(mark));
            mark = DriverEvents.events().size();
            top.inactivate();
            assertEquals(List.of("top:inactivate", "proto:inactivate", "proto:write-permission=false",
                    "top:write-permission=false"), eventsAfter(mark));
        }
    }

    @Test
    void inactivateGoesTopDownThenGivesUpPermissions() throws IOException {
        try (BlockNode top = BlockGraph.open(GRAPH)) {
            int mark = DriverEvents.events().size();
            top.inactivate();
            assertEquals(List.of("top:inactivate", "top:flush", "proto:inactivate", "proto:flush",
                    "proto:write-permission=false", "top:write-permission=false"), eventsAfter(mark));
            assertEquals(NodeState.INACTIVE, top.state());
            assertEquals(NodeState.INACTIVE, top.child("file").state());
            mark = DriverEvents.events().size();
            top.inactivate(); // already inactive: nothing happens
            assertEquals(List.of(), eventsAfter(mark));
        }
    }

    @Test
    void inactiveNodesReadButRefuseEveryModification() throws IOException {
        try (BlockNode top = BlockGraph.open(GRAPH, INACTIVE)) {
            MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
            top.read(100, buf);
            top.child("file").read(0, buf);
            top.blockStatus(0, 4096);
            top.flush();
            for (BlockNode n : List.of(top, top.child("file"))) {
                assertThrows(NodeInactiveException.class, () -> n.write(0, buf));
                assertThrows(NodeInactiveException.class, () -> n.writeZeroes(0, 512, 0));
                assertThrows(NodeInactiveException.class, () -> n.discard(0, 512));
                assertThrows(NodeInactiveException.class, () -> n.truncate(1 << 21, Preallocation.OFF));
            }
        }
    }

    @Test
    void closeFlushesThenClosesParentBeforeChildrenAndIsIdempotent() throws IOException {
        BlockNode top = BlockGraph.open(GRAPH);
        int mark = DriverEvents.events().size();
        top.close();
        assertEquals(List.of("top:flush", "top:close", "proto:flush", "proto:close"), eventsAfter(mark));
        top.close();
        assertEquals(4, eventsAfter(mark).size());
        assertEquals(NodeState.CLOSED, top.child("file").state());
    }

    @Test
    void closingAnInactiveOrUnsafeGraphDoesNotFlush() throws IOException {
        BlockNode top = BlockGraph.open(GRAPH, INACTIVE);
        int mark = DriverEvents.events().size();
        top.close();
        assertEquals(List.of("top:close", "proto:close"), eventsAfter(mark));
        top = BlockGraph.open(GRAPH + ",cache=unsafe");
        mark = DriverEvents.events().size();
        top.flush();
        top.close();
        assertEquals(List.of("top:close", "proto:close"), eventsAfter(mark));
    }

    @Test
    void flushAsksTheDriverThenTheChildren() throws IOException {
        try (BlockNode top = BlockGraph.open(GRAPH)) {
            int mark = DriverEvents.events().size();
            top.flush();
            assertEquals(List.of("top:flush", "proto:flush"), eventsAfter(mark));
            mark = DriverEvents.events().size();
            top.child("file").flush();
            assertEquals(List.of("proto:flush"), eventsAfter(mark));
        }
        // no-flush only on the top: its driver is skipped, the child still flushes
        try (BlockNode top = BlockGraph.open(GRAPH + ",cache.no-flush=on,file.cache.no-flush=off")) {
            int mark = DriverEvents.events().size();
            top.flush();
            assertEquals(List.of("proto:flush"), eventsAfter(mark));
        }
    }
}
