#include "net_error.h"

#include <inttypes.h>
#include <string.h>

#include "snmp/refusal.h"
#include "snmp/status.h"
#include "text.h"

void mgr_print_net_error(FILE *out, const mgr_net_result *result, const mgr_args *args,
                         double timeout_seconds)
{
    switch (result->status) {
    case MGR_NET_OK:
        return;
    case MGR_NET_UNRESOLVED:
        fputs("Error: Cannot resolve host '", out);
        mgr_print_echo(out, args->host_typed, args->host_typed_len);
        fputs("'\n", out);
        return;
    case MGR_NET_REFUSED:
        fputs("Error: Cannot connect to ", out);
        mgr_print_echo(out, args->target, strlen(args->target));
        fputs(" - is the agent running?\n", out);
        return;
    case MGR_NET_TIMED_OUT:
        fprintf(out, "Error: Request timed out after %.1f seconds\n", timeout_seconds);
        return;
    case MGR_NET_CLOSED:
        fputs("Error: Connection closed by agent before a complete reply\n", out);
        return;
    case MGR_NET_BAD_SIZE: {
        /* The framer's refusal, in the core's words (issue 9). */
        snmp_refusal why = {SNMP_REASON_SIZE_OUT_OF_RANGE, 0, result->size};
        char text[SNMP_REFUSAL_TEXT_MAX];
        (void)snmp_refusal_format(&why, text, sizeof text);
        fprintf(out, "Error: Malformed reply: %s\n", text);
        return;
    }
    case MGR_NET_SYSTEM:
        fprintf(out, "Error: %s\n", strerror(result->error));
        return;
    }
}
