/** The quicfiles load tool. */
module org.quicfiles.load {
    requires org.quicfiles.client;
    requires HdrHistogram;
}
