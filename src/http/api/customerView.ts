import { customerPhone, phoneWithheld, type Customer } from '../../domain/customer';

/**
 * A customer as the console shows them: name, @username, the number (or that WhatsApp withholds
 * it, with the number they typed if they did), the channel.
 */
export function customerView(customer: Customer) {
  return {
    id: customer.id,
    name: customer.profileName,
    username: customer.username,
    phone: customerPhone(customer),
    phoneWithheld: phoneWithheld(customer),
    statedPhone: customer.statedPhone,
    address: customer.address,
    channel: customer.channel,
  };
}
