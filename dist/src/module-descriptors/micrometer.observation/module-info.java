// jar: micrometer-observation-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module micrometer.observation {
    requires transitive micrometer.commons;
    exports io.micrometer.observation;
    exports io.micrometer.observation.annotation;
    exports io.micrometer.observation.aop;
    exports io.micrometer.observation.contextpropagation;
    exports io.micrometer.observation.docs;
    exports io.micrometer.observation.transport;
}
