#include "snmp/status.h"

const char *snmp_status_name(snmp_status status)
{
    switch (status) {
    case SNMP_OK:
        return "ok";
    case SNMP_INCOMPLETE:
        return "incomplete";
    case SNMP_MALFORMED:
        return "malformed";
    case SNMP_NO_SPACE:
        return "no space";
    case SNMP_LIMIT:
        return "limit exceeded";
    }
    return "unknown status";
}
