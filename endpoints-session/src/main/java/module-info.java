/** session_version. */
module org.quicfiles.endpoints.session {
    requires org.quicfiles.api;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
}
