#include "snmp/smi.h"

bool snmp_smi_type_known(uint8_t type)
{
    switch (type) {
    case SNMP_SMI_INTEGER:
    case SNMP_SMI_OCTET_STRING:
    case SNMP_SMI_NULL:
    case SNMP_SMI_OBJECT_ID:
    case SNMP_SMI_IPADDRESS:
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_GAUGE32:
    case SNMP_SMI_TIMETICKS:
    case SNMP_SMI_OPAQUE:
    case SNMP_SMI_COUNTER64:
    case SNMP_SMI_NO_SUCH_OBJECT:
    case SNMP_SMI_NO_SUCH_INSTANCE:
    case SNMP_SMI_END_OF_MIB_VIEW:
        return true;
    default:
        return false;
    }
}

bool snmp_smi_type_is_empty(uint8_t type)
{
    return type == SNMP_SMI_NULL || type == SNMP_SMI_NO_SUCH_OBJECT ||
           type == SNMP_SMI_NO_SUCH_INSTANCE || type == SNMP_SMI_END_OF_MIB_VIEW;
}
