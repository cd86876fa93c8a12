// jar: micrometer-registry-prometheus-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module micrometer.registry.prometheus {
    requires transitive micrometer.core;
    requires transitive io.prometheus.metrics.model;
    requires transitive io.prometheus.metrics.tracer.common;
    requires io.prometheus.metrics.config;
    requires io.prometheus.metrics.core;
    requires io.prometheus.writer.text;
    requires micrometer.commons;
    exports io.micrometer.prometheusmetrics;
}
