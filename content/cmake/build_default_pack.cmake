# Builds the default pack from PRIMARY (content/packs/citizen); while that
# is incomplete or invalid, from FALLBACK (content/packs/starter) with a warning.
# cmake -DHOCSO=... -DKEY=... -DOUT=... -DPRIMARY=... -DFALLBACK=... -P build_default_pack.cmake
execute_process(COMMAND ${HOCSO} content build ${PRIMARY} -o ${OUT} --key ${KEY}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(STATUS "default pack: ${PRIMARY}")
  return()
endif()
# Show the first problems only: an unfinished pack can have hundreds.
string(REPLACE "\n" ";" lines "${err}")
list(LENGTH lines count)
list(SUBLIST lines 0 15 shown)
list(JOIN shown "\n" shown)
message(WARNING "${PRIMARY} is not a valid pack yet (${count} lines of problems); "
                "the default pack is ${FALLBACK} for now. First problems:\n${shown}")
execute_process(COMMAND ${HOCSO} content build ${FALLBACK} -o ${OUT} --key ${KEY}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fallback pack ${FALLBACK} does not build either:\n${err}")
endif()
message(STATUS "default pack: ${FALLBACK}")
