package io.zcbench.benchmarks;

import io.zcbench.harness.path.CopyPaths;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** JMH's @Param needs literals; these guard them against the catalogue they must equal. */
class ParamCatalogueTest {
    private static List<String> param(String field) throws NoSuchFieldException {
        return Arrays.asList(SendingState.class.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void pathParamListsEveryPathOfTheCatalogueInItsOrder() throws Exception {
        assertEquals(CopyPaths.ids(), param("path"),
                "SendingState's @Param path must equal CopyPaths.ids(): add the new path's id there");
    }

    @Test
    void implParamDefaultsToTheJavaPathWithItsTwinPaired() throws Exception {
        assertEquals(List.of("paired"), param("impl"));
    }
}
