// jar: prometheus-metrics-tracer-common-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module io.prometheus.metrics.tracer.common {
    exports io.prometheus.metrics.tracer.common;
}
