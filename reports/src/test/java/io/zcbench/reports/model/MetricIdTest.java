package io.zcbench.reports.model;

import io.zcbench.harness.metrics.MetricDef;
import io.zcbench.harness.metrics.Metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Every metric the report treats by meaning is one zcbench declares and writes into metrics.json. */
class MetricIdTest {
    @Test
    void everyIdTheReportNamesIsDeclared() {
        for (MetricId id : MetricId.values()) {
            MetricDef d = Metrics.byName(Metrics.PREFIX + id.id());
            assertNotNull(d, id + ": " + id.id() + " is not declared in Metrics");
            assertSame(id.declared(), d, id + " names another declaration than Metrics registers under its id");
        }
    }

    @Test
    void theCatalogueMetricsJsonDescribesHoldsEveryIdTheReportNames() {
        MetricCatalogue current = MetricCatalogue.parse(Metrics.describe());
        for (MetricId id : MetricId.values()) {
            assertNotNull(current.info(id), id + " missing from what a run writes as metrics.json");
            assertEquals(Metrics.PREFIX + id.id(), current.name(id));
        }
    }
}
