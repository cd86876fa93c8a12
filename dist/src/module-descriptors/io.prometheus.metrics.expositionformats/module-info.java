// jar: prometheus-metrics-exposition-formats-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module io.prometheus.metrics.expositionformats {
    requires java.logging;
    requires jdk.unsupported;
    requires transitive io.prometheus.metrics.config;
    requires transitive io.prometheus.metrics.model;
    requires transitive io.prometheus.writer.text;
    exports io.prometheus.metrics.expositionformats.generated;
    exports io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0;
    exports io.prometheus.metrics.expositionformats.internal;
    exports io.prometheus.metrics.shaded.com_google_protobuf_4_35_0;
    exports io.prometheus.metrics.shaded.com_google_protobuf_4_35_0.compiler;
}
