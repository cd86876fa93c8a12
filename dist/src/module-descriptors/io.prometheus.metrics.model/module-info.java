// jar: prometheus-metrics-model-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module io.prometheus.metrics.model {
    requires transitive io.prometheus.metrics.config;
    exports io.prometheus.metrics.model.registry;
    exports io.prometheus.metrics.model.snapshots;
}
