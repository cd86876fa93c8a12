/** The quicfiles command. */
module org.quicfiles.app {
    requires org.quicfiles.api;
    requires org.quicfiles.client;
    requires info.picocli;
    requires org.xerial.sqlitejdbc;
    requires com.fasterxml.jackson.databind;
}
