/*
 * Target msg_unpack: the strict decoder on arbitrary bytes.
 * Property: an accepted message re-encodes to exactly the same bytes, and its
 * packed size is its length, and has no refusal reason; a refused one leaves
 * the header zero, so no binding reads as decoded, and has a reason whose
 * offset lies inside the message (fuzz_refusal.h).
 */
#include <string.h>

#include "fuzz_refusal.h"
#include "fuzz_target.h"
#include "snmp/message.h"

static snmp_message msg;
static uint8_t again[SNMP_MAX_MESSAGE_SIZE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    snmp_refusal why;
    bool refused = snmp_msg_unpack_why(data, size, &msg, &why) != SNMP_OK;
    fuzz_check_refusal(&why, size, refused);
    if (refused) {
        fuzz_check(msg.count == 0 && msg.pdu_type == 0 && msg.request_id == 0);
        return 0;
    }
    fuzz_check(snmp_msg_packed_size(&msg) == size);
    size_t len = 0;
    fuzz_check(snmp_msg_pack(&msg, again, sizeof again, &len) == SNMP_OK);
    fuzz_check(len == size);
    fuzz_check(memcmp(again, data, size) == 0);
    return 0;
}
