/** Benchmarks of quicfiles' storage and transport. */
module org.quicfiles.bench {
    requires org.quicfiles.api;
}
