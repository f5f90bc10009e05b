# cmake -DDIR=<dir> -DKEEP=<name,name,...> -P prune_dir.cmake
# Removes every file of DIR whose name is not in KEEP: the binary seeds of
# text seeds that were renamed or removed, which a build would otherwise
# keep feeding the fuzzers.
string(REPLACE "," ";" KEEP "${KEEP}")
file(GLOB present RELATIVE ${DIR} ${DIR}/*)
foreach(f ${present})
  list(FIND KEEP ${f} i)
  if(i EQUAL -1)
    file(REMOVE ${DIR}/${f})
    message(STATUS "removed stale seed ${DIR}/${f}")
  endif()
endforeach()
