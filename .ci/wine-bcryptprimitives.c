/* A stand-in bcryptprimitives.dll for Wine 8, which has none.
 *
 * Rust's std on Windows imports ProcessPrng from bcryptprimitives.dll (HashMap seeds, random
 * numbers); a program whose import cannot be resolved does not start (Wine: exit code 53).
 * This DLL provides that one function on top of RtlGenRandom (advapi32's SystemFunction036),
 * which Wine does implement. Only for running Windows builds under Wine; never shipped.
 *
 * Built by .ci/wine-setup with mingw-w64.
 */
#include <windows.h>

/* RtlGenRandom: exported by advapi32 under this name (ntsecapi.h only has a macro for it). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* Same signature as Windows' own: it always succeeds, and returns TRUE. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData)
{
    /* RtlGenRandom takes a 32-bit length; SIZE_T is 64 bits here. */
    while (cbData > 0) {
        ULONG chunk = cbData > 0x80000000u ? 0x80000000u : (ULONG)cbData;
        if (!SystemFunction036(pbData, chunk)) {
            /* Windows' ProcessPrng cannot fail; neither may this, so stop rather than return
             * bytes that are not random. */
            RaiseFailFastException(NULL, NULL, 0);
        }
        pbData += chunk;
        cbData -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
