/** An example third-party quicfiles plugin. */
module org.quicfiles.examples.hello {
    requires org.quicfiles.api;
}
