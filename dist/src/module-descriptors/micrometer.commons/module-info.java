// jar: micrometer-commons-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module micrometer.commons {
    requires java.logging;
    requires static org.slf4j;
    exports io.micrometer.common;
    exports io.micrometer.common.annotation;
    exports io.micrometer.common.docs;
    exports io.micrometer.common.lang;
    exports io.micrometer.common.lang.internal;
    exports io.micrometer.common.util;
    exports io.micrometer.common.util.internal.logging;
}
