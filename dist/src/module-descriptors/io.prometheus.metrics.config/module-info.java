// jar: prometheus-metrics-config-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module io.prometheus.metrics.config {
    exports io.prometheus.metrics.config;
}
