package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the agents page shows for each agent. */
class AgentsTableTest {
    private static final List<String> COLUMNS = List.of("linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le", "linux/arm/v7",
            "linux/riscv64");

    @Test
    void aProbedAgentHasACellPerPlatformAndItsLabels() {
        AgentsTable table = AgentsTable.of(COLUMNS, List.of(
                new AgentsTable.Agent("s390x-box", "computer/s390x-box/", true, false, AgentLabelsTest.s390xWithQemu("s390x-box"))), true);

        AgentsTable.Row row = table.getRows().get(0);
        assertEquals("s390x-box", row.getNode());
        assertEquals("computer/s390x-box/", row.getUrl());
        assertEquals("online", row.getStatus());
        assertEquals("20.10.24+dfsg1", row.getEngine());
        assertEquals("linux/s390x", row.getNativePlatform());
        assertEquals("buildx, driver docker (one platform per build)", row.getBuildx());
        assertEquals("1970-01-01T00:00:00Z", row.getProbed());
        assertNull(row.getProblem());
        List<AgentsTable.Cell> cells = row.getCells();
        assertEquals(COLUMNS.size(), cells.size());
        assertEquals("broken", cells.get(0).getText()); // amd64 was not proved on this s390x engine
        assertEquals("emulated OK", cells.get(1).getText());
        assertEquals("runs linux/arm64 binaries (uname -m: aarch64)", cells.get(1).getTitle());
        assertEquals("jenkins-!-success-color", cells.get(1).getCssClass());
        assertEquals("native", cells.get(2).getText());
        assertEquals("broken", cells.get(3).getText());
        assertTrue(cells.get(3).getTitle().contains("no qemu handler for linux/ppc64le"), cells.get(3).getTitle());
        assertTrue(cells.get(3).getTitle().contains("(fix: run 'multiarch setup-qemu"), cells.get(3).getTitle());
        assertEquals("jenkins-!-error-color", cells.get(3).getCssClass());
        assertEquals("emulated OK", cells.get(4).getText());
        assertEquals("", cells.get(5).getText());
        assertTrue(cells.get(5).getTitle().contains("not in the probed list"));
        assertEquals(List.of("multiarch-native-s390x", "multiarch-emulated-arm64", "multiarch-emulated-arm-v7"), row.getLabels());
        assertTrue(table.isAutomaticLabels());
        assertEquals(COLUMNS, table.getPlatforms());
    }

    @Test
    void rowsAreSortedAndSayWhatIsNotKnownYet() {
        AgentsTable table = AgentsTable.of(COLUMNS, List.of(
                new AgentsTable.Agent("zeta", null, false, false, null),
                new AgentsTable.Agent("alpha", "computer/alpha/", true, true, null),
                new AgentsTable.Agent("mid", "computer/mid/", true, false,
                        AgentPlatforms.failed("mid", 0L, "Cannot run 'docker': No such file", "install the Docker engine"))), false);

        List<AgentsTable.Row> rows = table.getRows();
        assertEquals(List.of("alpha", "mid", "zeta"), rows.stream().map(AgentsTable.Row::getNode).toList());
        assertEquals("probing now", rows.get(0).getProbed());
        assertEquals("not probed yet", rows.get(2).getProbed());
        assertEquals("offline", rows.get(2).getStatus());
        assertEquals("unusable", rows.get(1).getEngine());
        assertEquals("Cannot run 'docker': No such file", rows.get(1).getProblem());
        assertEquals("install the Docker engine", rows.get(1).getFix());
        assertEquals(List.of(), rows.get(1).getLabels());
        assertTrue(rows.get(1).getCells().stream().allMatch(c -> c.getText().isEmpty()));
    }
}
