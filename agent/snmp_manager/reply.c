#include "reply.h"

#include <inttypes.h>

#include "snmp/oid.h"
#include "snmp/value.h"
#include "text.h"
#include "value_format.h"

void mgr_print_binding(FILE *out, const snmp_binding *binding)
{
    char oid_text[SNMP_OID_TEXT_MAX + 1];
    size_t oid_text_len;
    /* Cannot fail: the buffer holds the text of any 255-byte OID, and on
     * failure the core leaves "" in it anyway. */
    if (snmp_oid_to_text(binding->oid, binding->oid_len, oid_text, sizeof oid_text,
                         &oid_text_len) != SNMP_OK)
        oid_text_len = 0;
    fwrite(oid_text, 1, oid_text_len, out);
    fputs(" = ", out);

    if (binding->type == SNMP_TYPE_STRING) {
        /* Escaped: a value from the network must not forge a second line
         * or reach the terminal as a control sequence. */
        mgr_print_value_text(out, binding->value, binding->value_len);
    } else {
        char number[MGR_NUMBER_TEXT_MAX];
        size_t number_len;
        /* A strictly decoded binding is one of the four types with a 4-byte
         * integer payload, so this always formats. */
        if (mgr_format_number(binding->type, binding->value, binding->value_len, number,
                              sizeof number, &number_len) == SNMP_OK)
            fwrite(number, 1, number_len, out);
    }
    fputs("\n", out);
}

void mgr_print_agent_error(FILE *out, uint8_t error_code)
{
    switch (error_code) {
    case SNMP_ERR_NO_SUCH_OID:
        fputs("Error: No such OID exists\n", out);
        break;
    case SNMP_ERR_BAD_VALUE:
        fputs("Error: Bad value for OID type\n", out);
        break;
    case SNMP_ERR_READ_ONLY:
        fputs("Error: OID is read-only\n", out);
        break;
    case SNMP_ERR_TOO_BIG:
        fputs("Error: Response too big\n", out);
        break;
    default:
        fprintf(out, "Error: Unknown error (%u)\n", (unsigned)error_code);
        break;
    }
}

/* Prints "Error: Malformed reply: " and the core's own reason (issue 9). */
static void print_malformed(FILE *out, const snmp_refusal *why)
{
    char text[SNMP_REFUSAL_TEXT_MAX];
    (void)snmp_refusal_format(why, text, sizeof text);
    fprintf(out, "Error: Malformed reply: %s\n", text);
}

void mgr_print_reply(FILE *out, const uint8_t *reply, size_t len, uint32_t sent_id,
                     mgr_command command)
{
    snmp_message msg;
    snmp_refusal why;
    snmp_status status = snmp_msg_unpack_why(reply, len, &msg, &why);
    /* Too short to hold a pdu_type (at offset 8, after size and request_id):
     * only the decoder can say what is wrong. */
    if (len < SNMP_MIN_MESSAGE_SIZE) {
        print_malformed(out, &why);
        return;
    }
    uint8_t pdu_type = reply[8];
    if (pdu_type != SNMP_PDU_GET_RESPONSE) {
        const char *name = snmp_pdu_name(pdu_type);
        if (name != NULL)
            fprintf(out, "Error: Expected GetResponse, got %s\n", name);
        else
            fprintf(out, "Error: Expected GetResponse, got unknown PDU type 0x%02X\n",
                    (unsigned)pdu_type);
        return;
    }

    if (status != SNMP_OK) {
        print_malformed(out, &why);
        return;
    }
    if (msg.request_id != sent_id) {
        fprintf(out, "Error: Request ID mismatch - sent %" PRIu32 ", received %" PRIu32 "\n",
                sent_id, msg.request_id);
        return;
    }
    if (msg.error_code != SNMP_ERR_SUCCESS) {
        mgr_print_agent_error(out, msg.error_code);
        return;
    }
    if (command == MGR_CMD_SET)
        fputs("Set operation successful:\n", out);
    for (uint16_t i = 0; i < msg.count; i++)
        mgr_print_binding(out, &msg.bindings[i]);
}
