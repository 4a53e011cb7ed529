#include "output/result_probe.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "output/h5.hpp"
#include "output/result_errors.hpp"

namespace cloudsim::output {
namespace {

// Datasets at most this large are read whole by the child: every coordinate and string table;
// the path datasets (gigabytes) are left to the reads that checksum them.
constexpr hsize_t kProbeBytes = 64 << 20;

int g_report = -1;           // the child's end of the pipe
std::string g_object = "/";  // the object whose attributes are being read

void say(const char* what, const char* name) {
  std::string line = std::string(what) + " '" + name + "'\n";
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(g_report, p, left);
    if (written <= 0)
      return;
    p += written;
    left -= static_cast<std::size_t>(written);
  }
}

// Reads one attribute or dataset whole in its own (native) type, variable-length data included.
void read_whole(hid_t object, bool attribute) {
  const hid_t type = attribute ? H5Aget_type(object) : H5Dget_type(object);
  const hid_t space = attribute ? H5Aget_space(object) : H5Dget_space(object);
  const hid_t native = type < 0 ? -1 : H5Tget_native_type(type, H5T_DIR_DEFAULT);
  const hssize_t points = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
  const std::size_t size = native < 0 ? 0 : H5Tget_size(native);
  if (points >= 0 && size != 0 && static_cast<hsize_t>(points) * size <= kProbeBytes) {
    std::vector<unsigned char> buffer(static_cast<std::size_t>(points) * size + 16);
    const herr_t status =
        attribute ? H5Aread(object, native, buffer.data())
                  : H5Dread(object, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
    if (status >= 0 && (H5Tdetect_class(native, H5T_VLEN) > 0 || H5Tis_variable_str(native) > 0)) {
      H5Dvlen_reclaim(native, space, H5P_DEFAULT, buffer.data());
    }
  }
  for (const hid_t id : {native, type})
    if (id >= 0)
      H5Tclose(id);
  if (space >= 0)
    H5Sclose(space);
}

herr_t read_attribute(hid_t object, const char* name, const H5A_info_t* /*info*/, void*) {
  say("attribute", (std::string(name) + "' of '" + g_object).c_str());
  const hid_t attr = H5Aopen(object, name, H5P_DEFAULT);
  if (attr >= 0) {
    read_whole(attr, true);
    H5Aclose(attr);
  }
  return 0;
}

// External or virtual storage is never followed: it may name a FIFO or a device.
bool stored_elsewhere(hid_t dataset) {
  try {
    return h5::stored_elsewhere(dataset);
  } catch (const h5::H5Error&) {
    return true;
  }
}

herr_t read_object(hid_t group, const char* name, const H5L_info_t* /*info*/, void*) {
  say("object", name);
  g_object = name;
  const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0)
    return 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nullptr, read_attribute, nullptr);
  if (H5Iget_type(object) == H5I_DATASET && !stored_elsewhere(object)) {
    read_whole(object, false);
  }
  H5Oclose(object);
  return 0;
}

[[noreturn]] void probe_in_child(const std::string& path, unsigned seconds, pid_t parent) {
  // Die with the parent (Ctrl-C on `sim info`, a killed run): an orphan would go on reading.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) {
    std::_Exit(1);
  }
  const int null = ::open("/dev/null", O_WRONLY);
  if (null >= 0) {
    ::dup2(null, STDERR_FILENO);
    ::dup2(null, STDOUT_FILENO);
  }
  std::signal(SIGALRM, SIG_DFL);
  ::alarm(seconds);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  say("the file's", "superblock");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file >= 0) {
    say("the root group's", "attributes");
    H5Aiterate2(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, read_attribute, nullptr);
    say("the root group's", "links");
    H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, read_object, nullptr);
    H5Fclose(file);
  }
  say("done", "");
  std::_Exit(0);  // no exit handlers: they belong to the parent
}

}  // namespace

void probe_result_file(const std::string& path, const std::atomic<bool>* stop, unsigned seconds) {
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) {
    return;  // no probe possible; the reader still checks what it can
  }
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    return;
  }
  if (child == 0) {
    ::close(pipe_ends[0]);
    g_report = pipe_ends[1];
    probe_in_child(path, seconds, parent);
  }
  ::close(pipe_ends[1]);
  std::string said;
  char buffer[4096];
  bool interrupted = false;
  for (;;) {
    if (stop != nullptr && stop->load()) {
      interrupted = true;
      ::kill(child, SIGKILL);
      break;
    }
    pollfd waiting = {pipe_ends[0], POLLIN, 0};
    const int ready = ::poll(&waiting, 1, 100);  // wake up to look at `stop`
    if (ready <= 0) {
      continue;  // timeout or EINTR
    }
    const ssize_t got = ::read(pipe_ends[0], buffer, sizeof buffer);
    if (got > 0) {
      said.append(buffer, static_cast<std::size_t>(got));
    } else if (got < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  ::close(pipe_ends[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (interrupted) {
    throw ReadInterrupted(path + ": interrupted while checking the file; nothing was written");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    return;
  }
  // The last complete line names what the child was reading when it died.
  std::string last;
  std::size_t end = said.rfind('\n');
  if (end != std::string::npos) {
    const std::size_t start = said.rfind('\n', end == 0 ? 0 : end - 1);
    last = said.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1));
  }
  const bool timed_out = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
  const std::string what = last.empty() ? "the file" : last;
  if (timed_out) {
    throw NotAResultError(path + ": reading " + what + " did not finish within " +
                          std::to_string(seconds) +
                          " s; the file's internal structure is damaged (docs/reliability.md)");
  }
  const std::string how = WIFSIGNALED(status)
                              ? std::string("crashed (") + ::strsignal(WTERMSIG(status)) + ")"
                              : "failed (exit " + std::to_string(WEXITSTATUS(status)) + ")";
  throw NotAResultError(path + ": damaged: the HDF5 library " + how + " while reading " + what +
                        "; its internal structure is corrupt and it cannot be read safely "
                        "(docs/reliability.md)");
}

}  // namespace cloudsim::output
