/** PUT, GET, file_info, file_extend. */
module org.quicfiles.endpoints.files {
    requires org.quicfiles.api;
    requires org.bouncycastle.provider;
    requires com.fasterxml.jackson.databind;
}
