#ifndef WXOPEN_CSYSTEM_H
#define WXOPEN_CSYSTEM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <malloc.h>
#include <stdint.h>
#include <stddef.h>

/// `epoll_event.data` is a union, which Swift imports awkwardly; these accessors keep the
/// event loop readable. The loop stores the file descriptor in `data.fd`.
static inline int csystem_epoll_event_fd(const struct epoll_event *event) { return event->data.fd; }
static inline void csystem_epoll_event_set_fd(struct epoll_event *event, int fd) { event->data.fd = fd; }

/// accept4(2) needs _GNU_SOURCE, which the Swift importer does not define; the shim does.
int csystem_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// malloc_trim(3), which Glibc's overlay leaves out: the store hands back what loading freed.
static inline int csystem_malloc_trim(void) { return malloc_trim(0); }

/// memmem(3) needs _GNU_SOURCE too: the store's search runs it over its search arena.
const void *csystem_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// CRC-32C with the SSE 4.2 `crc32` instruction, continuing from `crc` (pre-inverted, as the
/// Swift code keeps it). Only call it when `csystem_has_crc32c()` says the CPU has it.
uint32_t csystem_crc32c(uint32_t crc, const void *bytes, size_t count);
int csystem_has_crc32c(void);

#endif
