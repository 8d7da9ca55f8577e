/* store/migrations.c — the files migrations/NNN_name.sql, embedded in the
 * binary at build time (the assembler's .incbin reads them relative to the
 * repository root, where make runs), so that qiao needs no source tree at
 * run time. To add a migration: write migrations/NNN_name.sql and add a MIG
 * line and a table row below. Numbers increase
 * one by one: the schema version is the last number applied. */
#include "store/backend.h"

#define MIG(num, name)                                                          \
    __asm__(".pushsection .rodata\n"                                            \
            ".global store_mig_" #num "\n"                                      \
            ".hidden store_mig_" #num "\n"                                      \
            ".type store_mig_" #num ", @object\n"                               \
            "store_mig_" #num ":\n"                                             \
            ".incbin \"migrations/" #num "_" name ".sql\"\n"                    \
            ".byte 0\n"                                                         \
            ".popsection\n");                                                   \
    extern const char store_mig_##num[] __attribute__((visibility("hidden")))

MIG(001, "records");
MIG(002, "users");
MIG(003, "project_history");
MIG(004, "index_changes");
MIG(005, "sessions");
MIG(006, "lists");
MIG(007, "visits");
MIG(008, "notify");
MIG(009, "join");
MIG(010, "interests");
MIG(011, "accounts");
MIG(012, "mail");
MIG(013, "alerts");
MIG(014, "managers");
MIG(015, "advice");
MIG(016, "lookups");
MIG(017, "bulk_writes");

static const store_migration migrations[] = {
    {1, "records", store_mig_001},
    {2, "users", store_mig_002},
    {3, "project_history", store_mig_003},
    {4, "index_changes", store_mig_004},
    {5, "sessions", store_mig_005},
    {6, "lists", store_mig_006},
    {7, "visits", store_mig_007},
    {8, "notify", store_mig_008},
    {9, "join", store_mig_009},
    {10, "interests", store_mig_010},
    {11, "accounts", store_mig_011},
    {12, "mail", store_mig_012},
    {13, "alerts", store_mig_013},
    {14, "managers", store_mig_014},
    {15, "advice", store_mig_015},
    {16, "lookups", store_mig_016},
    {17, "bulk_writes", store_mig_017},
};

const store_migration *store_migrations(size_t *n)
{
    *n = sizeof migrations / sizeof migrations[0];
    return migrations;
}
