/** Test support for endpoint plugins. */
module org.quicfiles.testkit {
    requires transitive org.quicfiles.api;
    requires org.xerial.sqlitejdbc;
}
