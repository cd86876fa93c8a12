/** token_info. */
module org.quicfiles.endpoints.token {
    requires org.quicfiles.api;
    requires com.fasterxml.jackson.databind;
}
