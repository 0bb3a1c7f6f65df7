/**
 * Agent health: registering qemu user emulation the right way ({@link io.multiarch.core.doctor.BinfmtRegistrar}:
 * the {@code -binfmt-P} interpreters of qemu-user-static with flags {@code POCF}), getting the static probe
 * binaries ({@link io.multiarch.core.doctor.ProbeBinaries}), and the {@link io.multiarch.core.doctor.Doctor},
 * which turns what an agent really does into OK lines or failures with a concrete fix.
 */
package io.multiarch.core.doctor;
