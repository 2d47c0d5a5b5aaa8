#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>
#include "CSystem.h"

int csystem_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

const void *csystem_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
uint32_t csystem_crc32c(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint64_t value = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        value = __builtin_ia32_crc32di(value, word);
        p += 8;
        count -= 8;
    }
    uint32_t small = (uint32_t)value;
    while (count > 0) {
        small = __builtin_ia32_crc32qi(small, *p);
        p += 1;
        count -= 1;
    }
    return small;
}

int csystem_has_crc32c(void) { return __builtin_cpu_supports("sse4.2"); }
#else
uint32_t csystem_crc32c(uint32_t crc, const void *bytes, size_t count) { (void)bytes; (void)count; return crc; }
int csystem_has_crc32c(void) { return 0; }
#endif
