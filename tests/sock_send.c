/* sock_send: send one command line to collectd's unixsock and print the
 * answer; for the integration tests. Exits 0 when collectd answers with a
 * status of 0 or more. Gives up after 5 seconds. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  char buf[1024];
  ssize_t n;
  int fd;

  if (argc != 3 || strlen(argv[1]) >= sizeof(a.sun_path)) {
    fprintf(stderr, "usage: sock_send SOCKET 'COMMAND ...'\n");
    return 2;
  }
  strncpy(a.sun_path, argv[1], sizeof(a.sun_path) - 1);
  fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
    perror(argv[1]);
    return 1;
  }
  snprintf(buf, sizeof(buf), "%s\n", argv[2]);
  if (write(fd, buf, strlen(buf)) < 0) {
    perror("write");
    return 1;
  }
  struct pollfd p = {.fd = fd, .events = POLLIN};
  if (poll(&p, 1, 5000) <= 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0) {
    fprintf(stderr, "sock_send: no answer\n");
    return 1;
  }
  buf[n] = '\0';
  fputs(buf, stdout);
  close(fd);
  return strtol(buf, NULL, 10) >= 0 ? 0 : 1;
}
