/*
 * Golden vectors of real SNMP: every request in corpus/snmp_requests/
 * (captured from net-snmp's tools, see that folder's README) answered by
 * the responder over a fresh default MIB at a fixed "now", byte for byte
 * as in corpus/snmp_answers/. Each answer is also parsed strictly back.
 *
 * To write the answer files after a deliberate change of behaviour, run
 * this program with SNMP_GOLDEN_WRITE=1: it writes them instead of
 * comparing; check the diff (and ci/tshark-golden) before committing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/responder.h"
#include "snmp_msg.h"
#include "test_util.h"

/* The agent's start and the moment every golden request arrives: sysUpTime
 * answers 12345 ticks. */
enum { START_TICKS = 1000, NOW_TICKS = 13345, MAX_FILES = 256, NAME_MAX_LEN = 200 };

static const snmp_community communities[] = {
    {(const uint8_t *)"public", 6, false},
    {(const uint8_t *)"private", 7, true},
};

static uint8_t request[SNMP_TCP_MAX_MESSAGE + 1];
static uint8_t answer[SNMP_TCP_MAX_MESSAGE];
static uint8_t expected[SNMP_TCP_MAX_MESSAGE + 1];
static resp parsed;

static void write_file(const char *path, const uint8_t *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The .bin files of corpus/snmp_requests, sorted; returns how many. */
static size_t list_requests(char names[][NAME_MAX_LEN])
{
    DIR *dir = opendir(SNMP_CORPUS_DIR "/snmp_requests");
    assert_non_null(dir);
    size_t n = 0;
    for (struct dirent *e = readdir(dir); e != NULL; e = readdir(dir)) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".bin") != 0)
            continue;
        assert_true(n < MAX_FILES && len < NAME_MAX_LEN);
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(dir);
    qsort(names, n, NAME_MAX_LEN, by_name);
    return n;
}

/* Answers one request as a freshly started agent would. */
static size_t answer_fresh(const uint8_t *req, size_t req_len, size_t max_message)
{
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    size_t arena_size = snmp_mib_arena_size(rows, count);
    void *arena = malloc(arena_size);
    snmp_responder_scratch *scratch = malloc(snmp_responder_scratch_size());
    static snmp_mib mib;
    static snmp_responder responder;
    assert_non_null(arena);
    assert_non_null(scratch);
    assert_int_equal(snmp_mib_init(&mib, rows, count, arena, arena_size, START_TICKS), SNMP_OK);
    assert_int_equal(snmp_responder_init(&responder, &mib, communities, 2), SNMP_OK);
    size_t len;
    assert_int_equal(snmp_respond(&responder, scratch, req, req_len, NOW_TICKS, max_message, answer,
                                  sizeof answer, &len),
                     SNMP_OK);
    free(scratch);
    free(arena);
    return len;
}

static void test_every_captured_request_gets_its_golden_answer(void **state)
{
    (void)state;
    static char names[MAX_FILES][NAME_MAX_LEN];
    size_t n = list_requests(names);
    assert_true(n >= 10);
    bool write = getenv("SNMP_GOLDEN_WRITE") != NULL;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/snmp_requests/%s", SNMP_CORPUS_DIR, names[i]);
        size_t req_len = load_file(path, request, sizeof request);
        /* Captured over UDP or TCP: the UDP limit is the smaller. */
        size_t len = answer_fresh(request, req_len, SNMP_UDP_MAX_MESSAGE);
        CHECK_CASE(len > 0, names[i]);
        snmp_msg_parse(answer, len, &parsed);
        CHECK_CASE(parsed.pdu_type == 0xa2, names[i]);
        snprintf(path, sizeof path, "%s/snmp_answers/%s", SNMP_CORPUS_DIR, names[i]);
        if (write) {
            write_file(path, answer, len);
            continue;
        }
        size_t want = load_file(path, expected, sizeof expected);
        CHECK_CASE(want == len && memcmp(expected, answer, len) == 0, names[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_captured_request_gets_its_golden_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
