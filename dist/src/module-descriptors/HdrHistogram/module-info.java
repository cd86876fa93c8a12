// jar: HdrHistogram-
// from jdeps --generate-module-info; optional dependencies as 'requires static' (note 0414)
module HdrHistogram {
    exports org.HdrHistogram;
    exports org.HdrHistogram.packedarray;
}
