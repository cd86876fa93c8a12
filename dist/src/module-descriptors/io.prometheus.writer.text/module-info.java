// jar: prometheus-metrics-exposition-textformats-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module io.prometheus.writer.text {
    requires transitive io.prometheus.metrics.config;
    requires transitive io.prometheus.metrics.model;
    exports io.prometheus.metrics.expositionformats;
}
