/*
 * net-snmp's side of the snmp_vs_netsnmp differential; see netsnmp_side.h.
 * This file alone includes net-snmp's headers, and only the fuzz target
 * links the library: nothing of net-snmp reaches the core or the agent.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdlib.h>
#include <string.h>

#include "netsnmp_side.h"

_Static_assert(_Generic((oid)0, unsigned long: 1, default: 0),
               "netsnmp_side.h reads net-snmp's oid as unsigned long");

void nsp_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    /* Nothing here calls init_snmp, which is what reads configuration and
     * persistent files; the flags say so to any code that looks. */
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    snmp_set_do_debugging(0);
    /* With no log handler at all, snmp_log falls back to stderr ("Bad PDU
     * type received", "bad type returned"); one that drops everything, at
     * every priority, keeps the fuzzer's output clean. It stays reachable
     * from net-snmp's handler list, so it is not a leak. */
    snmp_disable_log();
    if (netsnmp_register_loghandler(NETSNMP_LOGHANDLER_NONE, LOG_DEBUG) == NULL)
        abort();
}

bool nsp_parse(const uint8_t *msg, size_t len, nsp_message *out, bool *not_v1v2c)
{
    memset(out, 0, sizeof(*out));
    *not_v1v2c = false;
    /* net-snmp's parsers take u_char * but only read (as its own fuzzers
     * pass their input). */
    u_char *data = (u_char *)(uintptr_t)msg;

    /* What snmpd does first with a datagram: the version decides the
     * parser. snmp_parse_version is static, so the version is read the way
     * _snmp_parse's v1/v2c branch reads it again, with snmp_comstr_parse. */
    u_char community[COMMUNITY_MAX_LEN];
    size_t community_len = sizeof community;
    size_t remaining = len;
    long version = -1;
    if (snmp_comstr_parse(data, &remaining, community, &community_len, &version) == NULL)
        return false;
    if (version != SNMP_VERSION_1 && version != SNMP_VERSION_2c) {
        *not_v1v2c = true;
        return false;
    }

    netsnmp_session session;
    memset(&session, 0, sizeof session);
    session.version = version;
    netsnmp_pdu *pdu = calloc(1, sizeof(*pdu));
    if (pdu == NULL)
        abort();
    if (snmp_parse(NULL, &session, pdu, data, len) != 0) {
        snmp_free_pdu(pdu);
        return false;
    }
    out->pdu = pdu;
    out->version = pdu->version;
    out->command = pdu->command;
    out->request_id = pdu->reqid;
    out->error_status = pdu->errstat;
    out->error_index = pdu->errindex;
    out->community = pdu->community;
    out->community_len = pdu->community_len;
    return true;
}

const void *nsp_first_varbind(const nsp_message *m)
{
    const netsnmp_pdu *pdu = m->pdu;
    return pdu->variables;
}

const void *nsp_read_varbind(const void *cursor, nsp_varbind *out)
{
    const netsnmp_variable_list *vb = cursor;
    memset(out, 0, sizeof(*out));
    out->name = vb->name;
    out->name_len = vb->name_length;
    out->type = vb->type;
    switch (vb->type) {
    case ASN_INTEGER:
        out->integer = *vb->val.integer;
        break;
    case ASN_COUNTER:
    case ASN_GAUGE:
    case ASN_TIMETICKS:
    case ASN_UINTEGER:
        out->number = (unsigned long)*vb->val.integer;
        break;
    case ASN_COUNTER64:
    case ASN_OPAQUE_COUNTER64:
    case ASN_OPAQUE_U64:
    case ASN_OPAQUE_I64:
        out->number64 = (uint64_t)vb->val.counter64->high << 32 | vb->val.counter64->low;
        break;
    case ASN_OCTET_STR:
    case ASN_OPAQUE:
    case ASN_IPADDRESS:
    case ASN_NSAP:
    case ASN_BIT_STR:
        out->bytes = vb->val.string;
        out->len = vb->val_len;
        break;
    case ASN_OBJECT_ID:
        out->arcs = vb->val.objid;
        out->arcs_len = vb->val_len / sizeof(oid);
        break;
    default:   /* NULL, the exceptions, Opaque float and double */
        break;
    }
    return vb->next_variable;
}

void nsp_free(nsp_message *m)
{
    snmp_free_pdu(m->pdu);
    memset(m, 0, sizeof(*m));
}
