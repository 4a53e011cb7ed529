#pragma once
// HDF5 trusts the structures inside a file: a flipped bit in a string heap or an object header
// can make the library itself read wild memory and crash (H5HG_read in 1.10), and no HDF5 call
// can be told to check first. So before sim reads a result file it did not just write, a forked
// child reads every object and attribute of the file's root group (the strings, coordinates and
// attributes sim will use; not the large path datasets) and reports each step through a pipe. If
// the child dies, the parent says which object it was reading and refuses the file instead of
// crashing; if it succeeds, the parent's own reads of the same objects follow the same code paths.
// The child's stderr goes to /dev/null, so a sanitizer's report from inside HDF5 is not mistaken
// for one from sim.

#include <atomic>
#include <string>

namespace cloudsim::output {

// Throws NotAResultError naming `path` and the object being read when the child crashes or takes
// more than `seconds`; returns quietly otherwise (HDF5's own errors are left to the real reader).
// When `stop` becomes true (a signal), the child is killed and ReadInterrupted thrown; the child
// also dies with its parent, whatever kills the parent.
void probe_result_file(const std::string& path, const std::atomic<bool>* stop = nullptr,
                       unsigned seconds = 120);

}  // namespace cloudsim::output
