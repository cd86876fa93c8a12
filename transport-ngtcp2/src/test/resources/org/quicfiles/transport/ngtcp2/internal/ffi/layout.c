/* Prints every struct size, field offset and constant the Java bindings rely on, as "name value"
 * lines, from the installed headers. LayoutTest compiles and runs it and compares each line with
 * the binding's value, so that another ngtcp2 or GnuTLS never corrupts memory silently. */
#define _GNU_SOURCE /* struct mmsghdr */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/in.h>
#include <netinet/udp.h>

#define SIZE(t) printf("sizeof(%s) %zu\n", #t, sizeof(t))
#define OFF(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))
#define CONST(c) printf("%s %lld\n", #c, (long long)(c))

int main(void) {
  SIZE(ngtcp2_cid); OFF(ngtcp2_cid, datalen); OFF(ngtcp2_cid, data);
  SIZE(ngtcp2_vec); OFF(ngtcp2_vec, base); OFF(ngtcp2_vec, len);
  OFF(ngtcp2_addr, addr); OFF(ngtcp2_addr, addrlen);
  SIZE(ngtcp2_path); OFF(ngtcp2_path, local); OFF(ngtcp2_path, remote);
  SIZE(ngtcp2_pkt_info);
  SIZE(ngtcp2_version_cid); OFF(ngtcp2_version_cid, version); OFF(ngtcp2_version_cid, dcid);
  OFF(ngtcp2_version_cid, dcidlen); OFF(ngtcp2_version_cid, scid); OFF(ngtcp2_version_cid, scidlen);
  SIZE(ngtcp2_pkt_hd); OFF(ngtcp2_pkt_hd, dcid); OFF(ngtcp2_pkt_hd, scid); OFF(ngtcp2_pkt_hd, token);
  printf("ngtcp2_pkt_hd.token.len %zu\n", offsetof(ngtcp2_pkt_hd, token) + offsetof(ngtcp2_vec, len));
  OFF(ngtcp2_pkt_hd, version);
  SIZE(ngtcp2_settings); OFF(ngtcp2_settings, qlog.odcid); OFF(ngtcp2_settings, qlog.write);
  OFF(ngtcp2_settings, cc_algo); OFF(ngtcp2_settings, initial_ts);
  OFF(ngtcp2_settings, max_tx_udp_payload_size);
  OFF(ngtcp2_settings, max_window); OFF(ngtcp2_settings, max_stream_window);
  OFF(ngtcp2_settings, handshake_timeout);
  SIZE(ngtcp2_transport_params); OFF(ngtcp2_transport_params, original_dcid);
  OFF(ngtcp2_transport_params, retry_scid); OFF(ngtcp2_transport_params, retry_scid_present);
  OFF(ngtcp2_transport_params, initial_max_stream_data_bidi_local);
  OFF(ngtcp2_transport_params, initial_max_stream_data_bidi_remote);
  OFF(ngtcp2_transport_params, initial_max_stream_data_uni); OFF(ngtcp2_transport_params, initial_max_data);
  OFF(ngtcp2_transport_params, initial_max_streams_bidi); OFF(ngtcp2_transport_params, initial_max_streams_uni);
  OFF(ngtcp2_transport_params, max_idle_timeout);
  OFF(ngtcp2_transport_params, active_connection_id_limit);
  OFF(ngtcp2_transport_params, stateless_reset_token); OFF(ngtcp2_transport_params, stateless_reset_token_present);
  SIZE(ngtcp2_callbacks); OFF(ngtcp2_callbacks, client_initial); OFF(ngtcp2_callbacks, recv_client_initial);
  OFF(ngtcp2_callbacks, recv_crypto_data); OFF(ngtcp2_callbacks, handshake_completed);
  OFF(ngtcp2_callbacks, encrypt); OFF(ngtcp2_callbacks, decrypt); OFF(ngtcp2_callbacks, hp_mask);
  OFF(ngtcp2_callbacks, recv_stream_data); OFF(ngtcp2_callbacks, acked_stream_data_offset);
  OFF(ngtcp2_callbacks, stream_close); OFF(ngtcp2_callbacks, recv_retry); OFF(ngtcp2_callbacks, rand);
  OFF(ngtcp2_callbacks, get_new_connection_id); OFF(ngtcp2_callbacks, remove_connection_id);
  OFF(ngtcp2_callbacks, update_key); OFF(ngtcp2_callbacks, stream_reset);
  OFF(ngtcp2_callbacks, extend_max_stream_data); OFF(ngtcp2_callbacks, delete_crypto_aead_ctx);
  OFF(ngtcp2_callbacks, delete_crypto_cipher_ctx); OFF(ngtcp2_callbacks, get_path_challenge_data);
  OFF(ngtcp2_callbacks, stream_stop_sending); OFF(ngtcp2_callbacks, version_negotiation);
  SIZE(ngtcp2_connection_close_error); OFF(ngtcp2_connection_close_error, type);
  OFF(ngtcp2_connection_close_error, error_code);
  SIZE(ngtcp2_crypto_conn_ref); OFF(ngtcp2_crypto_conn_ref, get_conn); OFF(ngtcp2_crypto_conn_ref, user_data);
  OFF(ngtcp2_info, version_str);
  SIZE(gnutls_datum_t); OFF(gnutls_datum_t, data); OFF(gnutls_datum_t, size);
  SIZE(gnutls_pcert_st);

  CONST(NGTCP2_PROTO_VER_V1); CONST(NGTCP2_MAX_CIDLEN); CONST(NGTCP2_STATELESS_RESET_TOKENLEN);
  CONST(NGTCP2_MIN_STATELESS_RESET_RANDLEN);
  CONST(NGTCP2_CRYPTO_MAX_RETRY_TOKENLEN); CONST(NGTCP2_CRYPTO_TOKEN_MAGIC_RETRY);
  CONST(NGTCP2_CALLBACKS_VERSION); CONST(NGTCP2_SETTINGS_VERSION); CONST(NGTCP2_TRANSPORT_PARAMS_VERSION);
  CONST(NGTCP2_PKT_INFO_VERSION); CONST(NGTCP2_CC_ALGO_CUBIC);
  CONST(NGTCP2_WRITE_STREAM_FLAG_MORE); CONST(NGTCP2_WRITE_STREAM_FLAG_FIN); CONST(NGTCP2_STREAM_DATA_FLAG_FIN);
  CONST(NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET);
  CONST(NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION);
  CONST(NGTCP2_ERR_NOBUF); CONST(NGTCP2_ERR_INVALID_STATE); CONST(NGTCP2_ERR_CONN_ID_BLOCKED); CONST(NGTCP2_ERR_STREAM_DATA_BLOCKED); CONST(NGTCP2_ERR_STREAM_SHUT_WR);
  CONST(NGTCP2_ERR_STREAM_NOT_FOUND); CONST(NGTCP2_ERR_CLOSING); CONST(NGTCP2_ERR_DRAINING);
  CONST(NGTCP2_ERR_WRITE_MORE); CONST(NGTCP2_ERR_RETRY); CONST(NGTCP2_ERR_DROP_CONN);
  CONST(NGTCP2_ERR_VERSION_NEGOTIATION); CONST(NGTCP2_ERR_IDLE_CLOSE); CONST(NGTCP2_ERR_CALLBACK_FAILURE);
  CONST(NGTCP2_ERR_STREAM_ID_BLOCKED); CONST(NGTCP2_ERR_CRYPTO); CONST(NGTCP2_ERR_HANDSHAKE_TIMEOUT);
  CONST(GNUTLS_SERVER); CONST(GNUTLS_CLIENT); CONST(GNUTLS_ENABLE_RAWPK); CONST(GNUTLS_NO_AUTO_SEND_TICKET);
  CONST(GNUTLS_CRD_CERTIFICATE); CONST(GNUTLS_CERT_REQUEST); CONST(GNUTLS_CRT_X509); CONST(GNUTLS_CRT_RAWPK);
  CONST(GNUTLS_CTYPE_SERVER); CONST(GNUTLS_X509_FMT_PEM); CONST(GNUTLS_NAME_DNS); CONST(GNUTLS_ALPN_MANDATORY);
  CONST(GNUTLS_HANDSHAKE_CLIENT_HELLO); CONST(GNUTLS_HOOK_POST); CONST(GNUTLS_E_CERTIFICATE_ERROR);
  CONST(GNUTLS_E_NO_APPLICATION_PROTOCOL);
  CONST(NGTCP2_STREAM_DATA_FLAG_EARLY); CONST(GNUTLS_ENABLE_EARLY_DATA); CONST(GNUTLS_NO_END_OF_EARLY_DATA);
  CONST(GNUTLS_E_DB_ENTRY_EXISTS); CONST(GNUTLS_HANDSHAKE_NEW_SESSION_TICKET); CONST(GNUTLS_HANDSHAKE_ANY);
  CONST(GNUTLS_SFLAGS_EARLY_DATA); CONST(NGTCP2_QLOG_WRITE_FLAG_FIN);

  SIZE(struct msghdr); OFF(struct msghdr, msg_name); OFF(struct msghdr, msg_namelen); OFF(struct msghdr, msg_iov);
  OFF(struct msghdr, msg_iovlen); OFF(struct msghdr, msg_control); OFF(struct msghdr, msg_controllen);
  OFF(struct msghdr, msg_flags);
  SIZE(struct mmsghdr); OFF(struct mmsghdr, msg_hdr); OFF(struct mmsghdr, msg_len);
  SIZE(struct iovec); OFF(struct iovec, iov_base); OFF(struct iovec, iov_len);
  OFF(struct cmsghdr, cmsg_len); OFF(struct cmsghdr, cmsg_level); OFF(struct cmsghdr, cmsg_type);
  printf("CMSG_DATA(struct cmsghdr) %zu\n", (size_t)(CMSG_DATA((struct cmsghdr *)0) - (unsigned char *)0));
  CONST(CMSG_SPACE(sizeof(uint16_t))); CONST(CMSG_LEN(sizeof(uint16_t)));
  SIZE(struct epoll_event); OFF(struct epoll_event, events); OFF(struct epoll_event, data);
  SIZE(struct sockaddr_storage);
  SIZE(struct sockaddr_in); OFF(struct sockaddr_in, sin_port); OFF(struct sockaddr_in, sin_addr);
  SIZE(struct sockaddr_in6); OFF(struct sockaddr_in6, sin6_port); OFF(struct sockaddr_in6, sin6_addr);
  OFF(struct sockaddr_in6, sin6_scope_id);
  CONST(AF_INET); CONST(AF_INET6); CONST(SOCK_DGRAM); CONST(SOCK_NONBLOCK); CONST(SOCK_CLOEXEC);
  CONST(SOL_SOCKET); CONST(SO_SNDBUF); CONST(SO_RCVBUF); CONST(SO_NO_CHECK); CONST(IPPROTO_IPV6);
  CONST(IPV6_V6ONLY); CONST(SOL_UDP); CONST(UDP_SEGMENT); CONST(MSG_TRUNC); CONST(EPOLLIN); CONST(EPOLL_CTL_ADD);
  CONST(EPOLL_CLOEXEC); CONST(EFD_NONBLOCK); CONST(EFD_CLOEXEC);
  CONST(EINTR); CONST(EIO); CONST(EAGAIN); CONST(EINVAL); CONST(EMSGSIZE);
  return 0;
}
